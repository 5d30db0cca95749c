export * from './blue-green-ecs-pipeline';
export * from './pipeline-source';
