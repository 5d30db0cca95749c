// The cost model: a traffic profile, prices and the estimate of a synthesized site's month.
// Pure computation (no CDK imports); a jsii submodule, `cost` (see src/index.ts).
export * from './traffic-profile';
export * from './simulation-month';
export * from './region-prices';
export * from './price-table';
export * from './cost-estimate-options';
export * from './edge-pricing';
export * from './rehearsal-cost-options';
export * from './strategy-cost';
export * from './cost-estimate';
