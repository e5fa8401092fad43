/** Names of the outbox jobs the application queues; handlers live in the bot layer. */
export const JOB = {
  /** Send the approval card to the approver. payload { requestId } */
  approvalSend: 'approval.send',
  /** Remind the approver of a still-pending request. payload { requestId } */
  approvalRemind: 'approval.remind',
  /** Replace every sent approval card with the decided view. payload { requestId } */
  approvalCardUpdate: 'approval.card-update',
  /** Tell the employee the decision. payload { requestId, decisionAt } */
  decisionNotify: 'decision.notify',
  /** Tell the manager about days that needed no approval (mode notify). payload { requestId } */
  managerNotify: 'manager.notify',
  /** Tell the approver the employee withdrew. payload { requestId } */
  withdrawalNotify: 'withdrawal.notify',
  /** A deputy lost authority (period passed, revoked, replaced): hand their open requests back. payload { managerId, deputyId } */
  delegationEnd: 'delegation.end',
  /** Set the Teams status message on an approved whole mobile-work day. payload { requestId, date } */
  presenceStatusMessage: 'presence.status-message',
  /** Remind the person to check in before the deadline. payload { bookingId } */
  deskCheckInReminder: 'desk.check-in-reminder',
  /** At the check-in deadline: release the desk if nobody checked in. payload { bookingId } */
  deskNoShow: 'desk.no-show',
  /** Tell the person their desk was released (no-show, absence). payload { bookingId } */
  deskReleasedNotify: 'desk.released-notify',
  // ---- Outlook calendar (Microsoft Graph; queued only when Graph is configured, see app/calendar-sync.ts)
  /** Create the "Mobiles Arbeiten" event of an approved day. payload { requestId, date } */
  calendarUpsertDay: 'calendar.upsert-day',
  /** Delete the event of a day no longer approved (404 = done). payload { requestId, date } */
  calendarRemoveDay: 'calendar.remove-day',
  /** Create the event of an active desk booking. payload { bookingId } */
  calendarUpsertBooking: 'calendar.upsert-booking',
  /** Delete the event of a cancelled/released booking. payload { bookingId } */
  calendarRemoveBooking: 'calendar.remove-booking',
  /** Nightly (02:00 local): fan out one reconcile job per person, schedule the next night. payload { date } */
  calendarReconcile: 'calendar.reconcile',
  /** Repair one person's events in [from, to]: recreate missing ones, delete orphans. payload { personId, from, to } */
  calendarReconcilePerson: 'calendar.reconcile-person',
  // ---- VPN problem reports (app/vpn-*.ts)
  /** Post the ticket card into the service-desk channel. payload { ticketId } */
  vpnDeskPost: 'vpn.desk-post',
  /** Bring the channel ticket card up to date. payload { ticketId } */
  vpnDeskUpdate: 'vpn.desk-update',
  /** Post the "possible outage" card into the service-desk channel. payload { incidentId } */
  vpnIncidentPost: 'vpn.incident-post',
  /** Bring the channel outage card up to date. payload { incidentId } */
  vpnIncidentUpdate: 'vpn.incident-update',
  /** Tell the reporter about their ticket. payload { ticketId, event: 'question' | 'resolved' | 'taken' | 'status-changed' } */
  vpnReporterNotify: 'vpn.reporter-notify',
  /** Tell one linked reporter the outage is resolved (fan-out; dueAt planned by domain/vpn-fanout). payload { incidentId, reporterId } */
  vpnIncidentNotify: 'vpn.incident-notify',
  /** Remind the channel of an untaken ticket. payload { ticketId, n } */
  vpnUnassignedRemind: 'vpn.unassigned-remind',
  /** Hand the ticket over to the ITSM tool. payload { ticketId } */
  vpnItsmCreate: 'vpn.itsm-create',
  /** Add a note to the ITSM ticket (the job id is the note's idempotency key). payload { ticketId, text } */
  vpnItsmNote: 'vpn.itsm-note',
  /** Set the ITSM ticket's state. payload { ticketId, state: 'open' | 'pending' | 'closed' } */
  vpnItsmState: 'vpn.itsm-state',
  /** Read the ITSM ticket's state; a change flows back to the reporter; re-queued while not closed. payload { ticketId } */
  vpnItsmPoll: 'vpn.itsm-poll',
} as const;

export type JobType = (typeof JOB)[keyof typeof JOB];
