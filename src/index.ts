export * from './wordpress/scalable-wordpress-on-fargate';
export * from './wordpress/wordpress-image';
export * from './wordpress/wordpress-database';
export * from './wordpress/monthly-peak';
export * from './wordpress/wordpress-deployment';
export * from './pipeline/blue-green-ecs-pipeline';
export * from './pipeline/pipeline-source';
export * from './pipeline/deployment-engine';
