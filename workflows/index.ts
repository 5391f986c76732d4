// Every workflow the central worker runs; its bundle starts here.
export { reconnectCustomer, reconnectionStatusQuery } from './reconnection/workflow';
export { reconnectionSweep } from './reconnection/sweep';
export { completeTaskUpdate } from './human/wait-for-person';
export { disconnectCustomers } from './disconnection/customers';
export { disconnectionCase, disconnectionProgressQuery } from './disconnection/case';
export { anchorAuditChain } from './audit/anchor';
export { repairOrder, repairSmsRatingSignal, repairStatusQuery } from './repair/workflow';
export { relocationCancelUpdate, relocationOrder, relocationStatusQuery } from './relocation/workflow';
export { revisitCase, revisitStatusQuery } from './revisit/workflow';
