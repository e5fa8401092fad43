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
  /** Remind the person to check in before the deadline. payload { bookingId } */
  deskCheckInReminder: 'desk.check-in-reminder',
  /** At the check-in deadline: release the desk if nobody checked in. payload { bookingId } */
  deskNoShow: 'desk.no-show',
  /** Tell the person their desk was released (no-show, absence). payload { bookingId } */
  deskReleasedNotify: 'desk.released-notify',
} as const;

export type JobType = (typeof JOB)[keyof typeof JOB];
