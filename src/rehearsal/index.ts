// The peak rehearsal: a load generator that replays the traffic profile's peak before each monthly peak.
export * from './peak-rehearsal-props';
export * from './peak-rehearsal';
