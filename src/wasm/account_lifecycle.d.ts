/** What an account's owner receives when it becomes an MQA (`Lifecycle.accountHandoff`). */
export interface AccountHandoff {
  version: 1;
  accountId: string;
  owner: string;
  ownerName: string | null;
  score: { total: number; fit: number; intent: number; band: string | null; crossedAt: string | null; crossedBy: string | null };
  /** Engaged contacts, highest total first, each with its intent rules of most points. */
  engagedContacts: Array<{
    leadId: string;
    name: string | null;
    title: string | null;
    roles: string[];
    total: number;
    handRaiser: boolean;
    lastEngagementAt: string | null;
    strongestSignals: Array<{ ruleId: string; label: string | null; points: number }>;
  }>;
  /** The account signals that hold, and each engaged contact's last engagement, newest first. */
  recent: { signals: string[]; activity: Array<{ leadId: string; at: string; summary: string }> };
  /** Roles no engaged contact holds, with the play (and who holds the role but is quiet). */
  missingRoles: Array<{ roleId: string; label: string | null; required: boolean; play: string; knownLeadIds: string[] }>;
  sla: { signal: string; window: string; dueAt: string };
}

/** The account methods of `Lifecycle` (with `leadscore/full`). */
export interface Lifecycle {
  /**
   * Who an account goes to: an owner already in `routing.accountOwners`, a named account, else
   * the routing rules on `attributes` (the account's own, such as country and company size).
   * The returned `routing` records the owner, so the account's leads are routed to them.
   */
  routeAccount(account: AccountResult | string, options?: { attributes?: Record<string, AttributeValue>; routing?: RoutingState }): Assignment;
  /** The handoff of an account to `owner` at `now` (default: the current time). */
  accountHandoff(account: AccountResult | string, options: { owner: string; now?: Instant }): AccountHandoff;
}
