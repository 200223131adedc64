// Packages that ship no type declarations; we use them through narrow, checked call sites.
declare module 'bpmn-moddle';
