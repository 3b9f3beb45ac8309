/**
 * The provider registry: one line per provider. Adding a provider is one folder under
 * src/providers/ and one line here.
 */
import type { ProviderDemo } from '../emulators/demo.ts';
import { alibabaEhpc } from './alibaba-ehpc/index.ts';
import { huaweiDataArts } from './huawei-dataarts/index.ts';
import { oceanbaseOcp } from './oceanbase-ocp/index.ts';
import { tencentBatch } from './tencent-batch/index.ts';
import type { MessageBundle } from '../lib/message.ts';
import { sharedMessages } from './_shared/messages.ts';
import type { DefinedProvider } from './types.ts';

// One line per provider, so adding one is one line (the shape test reads it so).
// prettier-ignore
export const providers = [
  huaweiDataArts,
  tencentBatch,
  alibabaEhpc,
  oceanbaseOcp,
] as const satisfies readonly DefinedProvider[];

/** The id of a registered provider, derived from the registry: a typo in one is a type error. */
export type ProviderId = (typeof providers)[number]['id'];

/** Every provider's messages with the shared ones, for the renderer (src/i18n merges them with the core's). */
export const providerMessages: readonly MessageBundle[] = [sharedMessages, ...providers.map((p) => p.messages)];

/** Every provider's demo (its emulator, seeded, and the example target pointing at it), in registry order. */
export const demos: readonly ProviderDemo[] = providers.flatMap((p) => (p.demo ? [p.demo] : []));
