/**
 * Renders a card: template JSON (cards/<name>.json) + view data + the locale's strings → an
 * Adaptive Card object. Templates are read once and cached. Strings are available to templates
 * as `${t.some.key}` (inside a `$data` loop: `${$root.t.some.key}`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { Locale } from '../domain/model.js';
import type { MainMenuView, MessageView, RequestFormView, RequestResultView } from './employee-views.js';
import type { ApprovalView, DelegationFormView, PendingListView, ReminderView } from './manager-views.js';
import type { DecisionNoticeView, MyRequestsView } from './request-views.js';
import type {
  CheckInView,
  DeskBookedView,
  DeskConflictView,
  DeskResultsView,
  DeskSearchView,
  MyBookingsView,
  PrivacySettingsView,
  TeamDayView,
} from './desk-views.js';
import type { MyWeekView, QuotaView } from './week-views.js';
import type {
  VpnDeskIncidentView,
  VpnDeskTicketRestrictedView,
  VpnDeskTicketView,
  VpnHelpedView,
  VpnIncidentResolvedView,
  VpnLinkedView,
  VpnMyReportsView,
  VpnQuestionView,
  VpnReminderView,
  VpnReportedView,
  VpnReportFormView,
  VpnReporterTicketView,
  VpnSelfHelpView,
} from './vpn-views.js';
import { stringsFor } from './i18n.js';
import type { PlannerView } from './planner-views.js';
import type { RequestPreviewView } from './preview-views.js';
import { cardsDir } from './paths.js';

/** The data each template expects (built by the functions in view-models.ts). */
export interface CardDataMap {
  'main-menu': MainMenuView;
  'request-form': RequestFormView;
  'request-result': RequestResultView;
  'my-week': MyWeekView;
  'week-planner': PlannerView;
  'request-preview': RequestPreviewView;
  quota: QuotaView;
  approval: ApprovalView;
  'pending-list': PendingListView;
  'decision-notice': DecisionNoticeView;
  'my-requests': MyRequestsView;
  'delegation-form': DelegationFormView;
  message: MessageView;
  reminder: ReminderView;
  'desk-search': DeskSearchView;
  'desk-results': DeskResultsView;
  'desk-booked': DeskBookedView;
  'desk-my-bookings': MyBookingsView;
  'desk-check-in': CheckInView;
  'team-day': TeamDayView;
  'desk-conflict': DeskConflictView;
  'privacy-settings': PrivacySettingsView;
  'vpn-report-form': VpnReportFormView;
  'vpn-self-help': VpnSelfHelpView;
  'vpn-helped': VpnHelpedView;
  'vpn-reported': VpnReportedView;
  'vpn-linked': VpnLinkedView;
  'vpn-question': VpnQuestionView;
  'vpn-reporter-ticket': VpnReporterTicketView;
  'vpn-incident-resolved': VpnIncidentResolvedView;
  'vpn-my-reports': VpnMyReportsView;
  'vpn-desk-ticket': VpnDeskTicketView;
  'vpn-desk-ticket-restricted': VpnDeskTicketRestrictedView;
  'vpn-desk-incident': VpnDeskIncidentView;
  'vpn-reminder': VpnReminderView;
}

export type CardName = keyof CardDataMap;

export const CARD_NAMES: readonly CardName[] = [
  'main-menu',
  'request-form',
  'request-result',
  'my-week',
  'week-planner',
  'request-preview',
  'quota',
  'approval',
  'pending-list',
  'decision-notice',
  'my-requests',
  'delegation-form',
  'message',
  'reminder',
  'desk-search',
  'desk-results',
  'desk-booked',
  'desk-my-bookings',
  'desk-check-in',
  'team-day',
  'desk-conflict',
  'privacy-settings',
  'vpn-report-form',
  'vpn-self-help',
  'vpn-helped',
  'vpn-reported',
  'vpn-linked',
  'vpn-question',
  'vpn-reporter-ticket',
  'vpn-incident-resolved',
  'vpn-my-reports',
  'vpn-desk-ticket',
  'vpn-desk-ticket-restricted',
  'vpn-desk-incident',
  'vpn-reminder',
];

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  $schema?: string;
  body?: unknown[];
  actions?: unknown[];
  refresh?: { action: unknown; userIds?: string[] };
  [key: string]: unknown;
}

export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: AdaptiveCard;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type StringTree = { [key: string]: string | StringTree };

const templates = new Map<CardName, ACData.Template>();
const trees = new Map<Locale, StringTree>();

/** The raw template JSON of a card (for tests and tools). */
export function loadTemplateJson(name: CardName): unknown {
  return JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8'));
}

function template(name: CardName): ACData.Template {
  let tpl = templates.get(name);
  if (!tpl) {
    tpl = new ACData.Template(loadTemplateJson(name));
    templates.set(name, tpl);
  }
  return tpl;
}

/** Flat keys "a.b.c" → nested objects, so templates can write `${t.a.b.c}`. */
export function stringTree(locale: Locale): StringTree {
  let tree = trees.get(locale);
  if (tree) return tree;
  tree = {};
  for (const [key, value] of Object.entries(stringsFor(locale))) {
    const path = key.split('.');
    let node: StringTree = tree;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        if (segment in node) throw new Error(`strings ${locale}: "${key}" clashes with a longer key`);
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'string') throw new Error(`strings ${locale}: "${key}" clashes with "${path.slice(0, i + 1).join('.')}"`);
      node = next ?? (node[segment] = {});
    });
  }
  trees.set(locale, tree);
  return tree;
}

/** Drops properties and array items that `$when` turned into null (e.g. an inactive refresh). */
function prune(value: unknown): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(prune).filter((v): v is Json => v !== undefined);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

function isCard(value: unknown): value is AdaptiveCard {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'AdaptiveCard';
}

export function renderCard<N extends CardName>(name: N, data: CardDataMap[N], locale: Locale): AdaptiveCard {
  const expanded: unknown = template(name).expand({ $root: { ...data, t: stringTree(locale) } });
  const card = prune(expanded);
  if (!isCard(card)) throw new Error(`card template ${name} did not expand to an AdaptiveCard`);
  return card;
}

export function cardAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
