import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ecr from 'aws-cdk-lib/aws-ecr';

/** What a `PipelineSource` adds to the pipeline. */
export interface PipelineSourceBinding {
  /** The source action. */
  readonly action: codepipeline.IAction;
  /**
   * The repository the source's images are pushed to (an ECR source): releases deploy them as they are. Without it the
   * pipeline builds the image from the sources' Dockerfile.
   */
  readonly imageRepository?: ecr.IRepository;
  /** The version of the sources (commit id, object version) to tag the image with; a pipeline variable. */
  readonly version?: string;
  /** Called once the pipeline exists (e.g. to start it on an event). */
  readonly afterPipeline?: (pipeline: codepipeline.Pipeline) => void;
}
