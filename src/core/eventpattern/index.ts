// The event-pattern core: shared by the CLI and the editor, free of the vscode API.
export * from './ast';
export * from './catalog';
export { parseJson } from './json';
export * from './fix';
export * from './lint';
export * from './locate';
export * from './matcher';
export { OPERATORS, hasErrors, validatePattern, wildcardProblem } from './validator';
export * from './samples';
