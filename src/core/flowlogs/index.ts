export * from './analyze';
export * from './fields';
export * from './reader';
export * from './record';
export * from './summarize';
export * from './explain';
export * from './filter';
export * from './report';
