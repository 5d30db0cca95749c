export * from './blue-green-ecs-pipeline';
export * from './pipeline-source';
export * from './blue-green-ecs-pipeline-props';
