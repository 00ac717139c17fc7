import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '@sendflow/domain';

/**
 * Search attributes that make requests listable and filterable in the Temporal UI and CLI
 * (`SendflowStatus = "orphaned"`). Registered on the server at start-up (`--search-attribute`
 * on the dev server; `temporal operator search-attribute create` on a cluster).
 */
export const SA_STATUS = defineSearchAttributeKey(SEARCH_ATTRIBUTES.status, SearchAttributeType.KEYWORD);
export const SA_LA = defineSearchAttributeKey(SEARCH_ATTRIBUTES.localAuthority, SearchAttributeType.KEYWORD);
export const SA_DUE = defineSearchAttributeKey(SEARCH_ATTRIBUTES.statutoryDue, SearchAttributeType.DATETIME);

/** Requests started before the API set search attributes keep running without them (replay-safe). */
export const SEARCH_ATTRIBUTES_PATCH = 'request-search-attributes';
