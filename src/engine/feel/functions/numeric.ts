import { feelFunction } from './feel-function';

export const numericFunctions = {
  'random number': feelFunction([], () => Math.random()),
};
