export const mailbox = {};
