export * from './wordpress';
export * from './operations';
export * as cost from './cost';
export * from './pipeline';
export * from './edge';
export * from './rehearsal';
export * from './wordpress-hosting';
