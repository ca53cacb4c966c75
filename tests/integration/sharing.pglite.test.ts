import { defineSharingSuite } from './sharing-suite';

defineSharingSuite('pglite');
