/**
 * The one definition of the lint rules, used by the modeler page (bpmn-js-bpmnlint, bundled by esbuild) and
 * by the server (save, deploy, `npm run lint:bpmn`): the same set as .bpmnlintrc, bpmnlint's recommended
 * rules plus bpmnlint-plugin-camunda-compat's camunda-cloud-8-3. A bundler cannot follow bpmnlint's
 * resolution by package name at run time, so every rule is imported here by path and handed to a static
 * resolver; test/modeler/lint-rules.test.ts fails if either config names a rule that is not imported.
 * No Node-only imports here: this file runs in the browser too.
 */
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import recommended from 'bpmnlint/config/recommended';
import camundaCompat from 'bpmnlint-plugin-camunda-compat';

import bpmnlintAdHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import bpmnlintConditionalFlows from 'bpmnlint/rules/conditional-flows';
import bpmnlintEndEventRequired from 'bpmnlint/rules/end-event-required';
import bpmnlintEventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import bpmnlintEventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import bpmnlintFakeJoin from 'bpmnlint/rules/fake-join';
import bpmnlintGlobal from 'bpmnlint/rules/global';
import bpmnlintLabelRequired from 'bpmnlint/rules/label-required';
import bpmnlintLinkEvent from 'bpmnlint/rules/link-event';
import bpmnlintNoBpmndi from 'bpmnlint/rules/no-bpmndi';
import bpmnlintNoComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import bpmnlintNoDisconnected from 'bpmnlint/rules/no-disconnected';
import bpmnlintNoDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import bpmnlintNoGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import bpmnlintNoImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import bpmnlintNoImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import bpmnlintNoImplicitStart from 'bpmnlint/rules/no-implicit-start';
import bpmnlintNoInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import bpmnlintNoOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import bpmnlintSingleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import bpmnlintSingleEventDefinition from 'bpmnlint/rules/single-event-definition';
import bpmnlintStartEventRequired from 'bpmnlint/rules/start-event-required';
import bpmnlintSubProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import bpmnlintSuperfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import bpmnlintSuperfluousLabel from 'bpmnlint/rules/superfluous-label';
import bpmnlintSuperfluousTermination from 'bpmnlint/rules/superfluous-termination';
import compatImplementation from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/implementation';
import compatCalledElement from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/called-element';
import compatCollapsedSubprocess from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/collapsed-subprocess';
import compatDuplicateTaskHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/duplicate-task-headers';
import compatElementType from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/element-type';
import compatErrorReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/error-reference';
import compatEventBasedGatewayTarget from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/event-based-gateway-target';
import compatExecutableProcess from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/executable-process';
import compatLoopCharacteristics from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/loop-characteristics';
import compatMessageReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/message-reference';
import compatIoMapping from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/io-mapping';
import compatNoBindingType from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-binding-type';
import compatNoBusinessId from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-business-id';
import compatNoCancelExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-cancel-execution-listener';
import compatNoExecutionListenerHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-execution-listener-headers';
import compatNoExecutionListeners from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-execution-listeners';
import compatNoExpression from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-expression';
import compatNoJobPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-job-priority-definition';
import compatNoLoop from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-loop';
import compatNoMultipleNoneStartEvents from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-multiple-none-start-events';
import compatNoPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-priority-definition';
import compatNoTaskListeners from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-task-listeners';
import compatNoVersionTag from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-version-tag';
import compatNoZeebeUserTask from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-zeebe-user-task';
import compatSequenceFlowCondition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/sequence-flow-condition';
import compatStartEventForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/start-event-form';
import compatSubscription from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/subscription';
import compatTimer from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/timer';
import compatUserTaskDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-definition';
import compatUserTaskForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-form';
import compatVariableName from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/variable-name';
import compatFeel from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel';
import compatFeelCompatibility from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel-compatibility';
import compatConnectorProperties from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/connector-properties';
import compatInclusiveGateway from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/inclusive-gateway';
import compatEscalationBoundaryEventAttachedToRef from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-boundary-event-attached-to-ref';
import compatEscalationReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-reference';
import compatLinkEvent from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/link-event';
import compatTaskSchedule from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/task-schedule';
import compatSecrets from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/secrets';
import compatSignalReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/signal-reference';

/** As in .bpmnlintrc (the file Camunda Modeler and the bpmnlint CLI read). */
export const LINT_CONFIG = {
  extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-3'],
};

const BPMNLINT_RULES: Record<string, unknown> = {
  'ad-hoc-sub-process': bpmnlintAdHocSubProcess,
  'conditional-flows': bpmnlintConditionalFlows,
  'end-event-required': bpmnlintEndEventRequired,
  'event-based-gateway': bpmnlintEventBasedGateway,
  'event-sub-process-typed-start-event': bpmnlintEventSubProcessTypedStartEvent,
  'fake-join': bpmnlintFakeJoin,
  'global': bpmnlintGlobal,
  'label-required': bpmnlintLabelRequired,
  'link-event': bpmnlintLinkEvent,
  'no-bpmndi': bpmnlintNoBpmndi,
  'no-complex-gateway': bpmnlintNoComplexGateway,
  'no-disconnected': bpmnlintNoDisconnected,
  'no-duplicate-sequence-flows': bpmnlintNoDuplicateSequenceFlows,
  'no-gateway-join-fork': bpmnlintNoGatewayJoinFork,
  'no-implicit-split': bpmnlintNoImplicitSplit,
  'no-implicit-end': bpmnlintNoImplicitEnd,
  'no-implicit-start': bpmnlintNoImplicitStart,
  'no-inclusive-gateway': bpmnlintNoInclusiveGateway,
  'no-overlapping-elements': bpmnlintNoOverlappingElements,
  'single-blank-start-event': bpmnlintSingleBlankStartEvent,
  'single-event-definition': bpmnlintSingleEventDefinition,
  'start-event-required': bpmnlintStartEventRequired,
  'sub-process-blank-start-event': bpmnlintSubProcessBlankStartEvent,
  'superfluous-gateway': bpmnlintSuperfluousGateway,
  'superfluous-label': bpmnlintSuperfluousLabel,
  'superfluous-termination': bpmnlintSuperfluousTermination,
};

const CAMUNDA_COMPAT_RULES: Record<string, unknown> = {
  'implementation': compatImplementation,
  'called-element': compatCalledElement,
  'collapsed-subprocess': compatCollapsedSubprocess,
  'duplicate-task-headers': compatDuplicateTaskHeaders,
  'element-type': compatElementType,
  'error-reference': compatErrorReference,
  'event-based-gateway-target': compatEventBasedGatewayTarget,
  'executable-process': compatExecutableProcess,
  'loop-characteristics': compatLoopCharacteristics,
  'message-reference': compatMessageReference,
  'io-mapping': compatIoMapping,
  'no-binding-type': compatNoBindingType,
  'no-business-id': compatNoBusinessId,
  'no-cancel-execution-listener': compatNoCancelExecutionListener,
  'no-execution-listener-headers': compatNoExecutionListenerHeaders,
  'no-execution-listeners': compatNoExecutionListeners,
  'no-expression': compatNoExpression,
  'no-job-priority-definition': compatNoJobPriorityDefinition,
  'no-loop': compatNoLoop,
  'no-multiple-none-start-events': compatNoMultipleNoneStartEvents,
  'no-priority-definition': compatNoPriorityDefinition,
  'no-task-listeners': compatNoTaskListeners,
  'no-version-tag': compatNoVersionTag,
  'no-zeebe-user-task': compatNoZeebeUserTask,
  'sequence-flow-condition': compatSequenceFlowCondition,
  'start-event-form': compatStartEventForm,
  'subscription': compatSubscription,
  'timer': compatTimer,
  'user-task-definition': compatUserTaskDefinition,
  'user-task-form': compatUserTaskForm,
  'variable-name': compatVariableName,
  'feel': compatFeel,
  'feel-compatibility': compatFeelCompatibility,
  'connector-properties': compatConnectorProperties,
  'inclusive-gateway': compatInclusiveGateway,
  'escalation-boundary-event-attached-to-ref': compatEscalationBoundaryEventAttachedToRef,
  'escalation-reference': compatEscalationReference,
  'link-event': compatLinkEvent,
  'task-schedule': compatTaskSchedule,
  'secrets': compatSecrets,
  'signal-reference': compatSignalReference,
};

/** The rules by package as bpmnlint names them, for tests that compare them with the configs. */
export const IMPORTED_RULES = { bpmnlint: Object.keys(BPMNLINT_RULES), 'bpmnlint-plugin-camunda-compat': Object.keys(CAMUNDA_COMPAT_RULES) };

function cache(): Record<string, unknown> {
  const entries: Record<string, unknown> = {
    'config:bpmnlint/recommended': recommended,
    'config:bpmnlint-plugin-camunda-compat/camunda-cloud-8-3': camundaCompat.configs['camunda-cloud-8-3'],
  };
  for (const [name, rule] of Object.entries(BPMNLINT_RULES)) entries[`rule:bpmnlint/${name}`] = rule;
  for (const [name, rule] of Object.entries(CAMUNDA_COMPAT_RULES)) entries[`rule:bpmnlint-plugin-camunda-compat/${name}`] = rule;
  return entries;
}

/** What bpmn-js-bpmnlint's `linting.bpmnlint` and bpmnlint's Linter take: `{ config, resolver }`. */
export function lintSetup(): { config: typeof LINT_CONFIG; resolver: { resolveRule(pkg: string, name: string): unknown; resolveConfig(pkg: string, name: string): unknown } } {
  return { config: LINT_CONFIG, resolver: new StaticResolver(cache()) };
}
