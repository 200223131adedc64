import { configTable } from '../src/config';

/** `npm run config:table`: the README's table of settings, printed from src/config.ts (paste it over the old one). */
console.log(configTable());
