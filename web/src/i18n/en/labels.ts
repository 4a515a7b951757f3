// Human labels for the API's codes: statuses, bands, roles, channels.
export const labels = {
  status: {
    in_trouble: 'In Trouble',
    at_risk: 'At Risk',
    loving_it: 'Loving it',
    raving_fan: 'Raving Fan',
    suspended: 'Suspended',
    unassessed: 'Not assessed yet',
  },
  band: {
    green: 'Green',
    yellow: 'Yellow',
    red: 'Red',
  },
  tag: {
    in_trouble: 'In trouble',
    low_user: 'Low user',
    absent: 'Absent',
    new_member: 'New member',
  },
  role: {
    admin: 'Admin',
    manager: 'Manager',
    marketer: 'Marketer',
    staff: 'Staff',
  },
  channel: {
    email: 'Email',
    sms: 'SMS',
    mailchimp: 'Mailchimp',
    push: 'Push',
    task: 'Staff task',
  },
  taskOutcome: {
    reached: 'Reached them',
    left_message: 'Left a message',
    no_answer: 'No answer',
    booked_visit: 'Booked a visit',
    not_interested: 'Not interested',
    returned_on_own: 'Came back on their own',
    other: 'Other',
  },
  taskPriority: {
    low: 'Low priority',
    normal: 'Normal priority',
    high: 'High priority',
    urgent: 'Urgent',
  },
};
