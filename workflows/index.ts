// Every workflow the central worker runs; its bundle starts here.
export { reconnectCustomer, reconnectionStatusQuery } from './reconnection/workflow';
export { reconnectionSweep } from './reconnection/sweep';
export { completeTaskUpdate } from './human/wait-for-person';
export { disconnectCustomer } from './disconnection/customer';
export { disconnectionCase, disconnectionProgressQuery } from './disconnection/case';
