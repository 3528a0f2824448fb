/** Dialog ids: constants, so a typo is a compile error rather than a dialog that never starts. */
export const DialogIds = {
  root: 'madoguchi.root',
  rootWaterfall: 'madoguchi.root.waterfall',
  passwordReset: 'madoguchi.flow.passwordReset',
  unblockAccount: 'madoguchi.flow.unblockAccount',
  recoverAccount: 'madoguchi.flow.recoverAccount',
  recoveryStatus: 'madoguchi.flow.recoveryStatus',
} as const;

/** Conversation-state property names. */
export const StateKeys = {
  dialogState: 'dialogState',
  /** The redacted conversation history kept for a handoff (dialogs/handoff/conversationHistory.ts). */
  handoffHistory: 'handoffHistory',
  /** What the root dialog remembers between turns: the last reply's offer, a pending handover (dialogs/rootDialog.ts RootMemory). */
  rootMemory: 'rootMemory',
} as const;
