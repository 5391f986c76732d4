export { type MeterSimulator, type MeterSimulatorOptions, openSimulatorOnSerialPort, startMeterSimulator } from './meter-simulator';
export { type SimulatedLine, type SimulatedLineOptions, createSimulatedLine } from './simulated-line';
export { type MeterFault, type ReceivedFrame, SimulatedMeter, type SimulatedMeterConfig } from './simulated-meter';
