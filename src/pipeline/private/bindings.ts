import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';

/** What a `PipelineSource` adds to the pipeline. */
export interface PipelineSourceBinding {
  /** The source action. */
  readonly action: codepipeline.IAction;
  /** The version of the sources (commit id, object version) to tag the image with; a pipeline variable. */
  readonly version?: string;
  /** Called once the pipeline exists (e.g. to start it on an event). */
  readonly afterPipeline?: (pipeline: codepipeline.Pipeline) => void;
}
