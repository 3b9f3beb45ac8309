/**
 * The core's and the front ends' message bundles, and the renderer that merges them with the
 * providers' (the provider registry hands those in: i18n never names a provider).
 */
import { defineBundle, type MessageBundle } from '../lib/message.ts';
import type { CoreMessages } from '../core/messages.ts';
import { coreEn } from './core.en.ts';
import { coreSamples } from './core.samples.ts';
import { coreZh } from './core.zh-CN.ts';
import { createRenderer, type Renderer } from './render.ts';
import type { SurfaceMessages } from './surface.ts';
import { surfaceEn } from './surface.en.ts';
import { surfaceSamples } from './surface.samples.ts';
import { surfaceZh } from './surface.zh-CN.ts';

const coreMessages = defineBundle<CoreMessages>({
  catalogs: { en: coreEn, 'zh-CN': coreZh },
  samples: coreSamples,
});
const surfaceMessages = defineBundle<SurfaceMessages>({
  catalogs: { en: surfaceEn, 'zh-CN': surfaceZh },
  samples: surfaceSamples,
});

/** A renderer for the core's, the front ends' and the given providers' messages. */
export function createI18n(providerBundles: readonly MessageBundle[], now: () => Date): Renderer {
  return createRenderer([coreMessages, surfaceMessages, ...providerBundles], now);
}
