/** A provider's parameter by the name a person or a config file gives it. */
import type { AnyProvider, FieldSpec } from '../../providers/types.ts';

/** The field whose key or one of whose aliases is `name`, case-insensitively. */
export function findField(provider: AnyProvider, name: string): FieldSpec | undefined {
  const n = name.toLowerCase();
  return provider.fields.find((f) => f.key.toLowerCase() === n || f.aliases?.some((a) => a.toLowerCase() === n));
}
