// Packages that ship no type declarations; we use them through narrow, checked call sites.
declare module 'bpmn-moddle';

// bpmnlint's rules, configs and resolver, and its Camunda plugin: CommonJS without declarations; the
// modeler reaches them only through src/modeler/lint-rules.ts.
declare module 'bpmnlint';
declare module 'bpmnlint/rules/*';
declare module 'bpmnlint/config/recommended';
declare module 'bpmnlint/lib/resolver/static-resolver';
declare module 'bpmnlint-plugin-camunda-compat';
declare module 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/*';
