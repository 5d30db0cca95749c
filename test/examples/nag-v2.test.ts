import { App } from 'aws-cdk-lib';
import { buildMinimalApp } from '../../examples/minimal/app';
import { buildPipelineApp } from '../../examples/pipeline/app';
import { buildReferenceApp } from '../../examples/reference/app';
import { nagV2Findings } from '../fixtures';

// The library records every acknowledgement for cdk-nag 3 (Validations) and as cdk-nag 2 suppression metadata;
// these apps, synthesized under cdk-nag 2's Aspects pack, show no unsuppressed finding.
describe('under cdk-nag 2 (Aspects)', () => {
  test('the minimal drop-in has no unsuppressed finding', () => {
    expect(nagV2Findings(buildMinimalApp(new App()))).toEqual([]);
  });

  test('the reference app (staging and production, pipeline, every option the drop-in offers) has none', () => {
    expect(nagV2Findings(buildReferenceApp(new App()).app)).toEqual([]);
  });

  test('the pipeline example (both deployment engines) has none', () => {
    expect(nagV2Findings(buildPipelineApp(new App()))).toEqual([]);
  });
});
