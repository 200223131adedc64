import { feelFunction } from './feel-function.js';

export const numericFunctions = {
  'random number': feelFunction([], () => Math.random()),
};
