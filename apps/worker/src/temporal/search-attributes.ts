import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { SA_DUE, SA_LA, SA_STATUS } from '@sendflow/workflows';

/** Every search attribute the workflows and the API set: register these on each namespace. */
export const SENDFLOW_SEARCH_ATTRIBUTES: { name: string; type: SearchAttributeType }[] = [SA_STATUS, SA_LA, SA_DUE];

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const INDEXED: Partial<Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType>> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** The part of a client or native connection this needs (both have it). */
interface OperatorConnection {
  operatorService: {
    listSearchAttributes(req: { namespace: string }): Promise<{ customAttributes?: Record<string, temporal.api.enums.v1.IndexedValueType> | null }>;
    addSearchAttributes(req: { namespace: string; searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> }): Promise<unknown>;
  };
}

export interface SearchAttributeReport { present: string[]; added: string[] }

/**
 * Makes sure the namespace has every SENDflow search attribute with its type: lists them, adds the
 * missing ones, and leaves the rest alone, so it is safe to run on every start and every deploy.
 * An attribute that exists with another type cannot be fixed here (Temporal never retypes one):
 * that, and a server that refuses the change (Temporal Cloud, or no operator permission), is an
 * error naming the attribute and what to run instead.
 */
/** The server would not list the namespace's search attributes (no operator permission, or a cloud that does not serve it). */
export class SearchAttributesUnverifiable extends Error {
  override readonly name = 'SearchAttributesUnverifiable';
}

export async function ensureSearchAttributes(connection: OperatorConnection, namespace: string): Promise<SearchAttributeReport> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace }).catch((err: unknown) => {
    throw new SearchAttributesUnverifiable(`could not list the search attributes of namespace ${namespace}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const existing = listed.customAttributes ?? {};
  const report: SearchAttributeReport = { present: [], added: [] };
  const missing: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of SENDFLOW_SEARCH_ATTRIBUTES) {
    const wanted = INDEXED[key.type]!;
    if (!(key.name in existing)) { missing[key.name] = wanted; continue; }
    if (existing[key.name] !== wanted) {
      throw new Error(`search attribute ${key.name} exists on namespace ${namespace} as ${IndexedValueType[existing[key.name]]}, not ${IndexedValueType[wanted]}: it cannot be retyped; remove it (temporal operator search-attribute remove) and run this again`);
    }
    report.present.push(key.name);
  }
  if (Object.keys(missing).length) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    } catch (err) {
      // Another replica starting at the same moment may have added them first.
      const again = (await connection.operatorService.listSearchAttributes({ namespace }).catch(() => null))?.customAttributes ?? {};
      if (Object.keys(missing).every((n) => again[n] === missing[n])) {
        report.added.push(...Object.keys(missing));
        return report;
      }
      const names = Object.entries(missing).map(([n, t]) => `${n} (${IndexedValueType[t].replace('INDEXED_VALUE_TYPE_', '')})`).join(', ');
      throw new Error(`could not register ${names} on namespace ${namespace} (${err instanceof Error ? err.message : String(err)}); `
        + `register them with \`temporal operator search-attribute create --namespace ${namespace} --name <name> --type <type>\`, or on Temporal Cloud with \`tcld namespace search-attributes add\``);
    }
    report.added.push(...Object.keys(missing));
  }
  return report;
}
