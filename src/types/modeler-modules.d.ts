// Browser packages of the modeler pages that ship no type declarations; used only in src/web/client/.
declare module 'bpmn-js-properties-panel';
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
declare module 'bpmn-js-bpmnlint';
declare module '*.css';
declare module 'bpmn-js-differ';
