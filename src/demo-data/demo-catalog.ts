// The small reference rows of the demo business: sites, staff and the product catalogue.
// Prices are in minor units (öre for SEK). External ids are stable strings so that a second
// run with the same seed upserts onto the same keys.

export const DEMO_SOURCE = 'demo';

export const DEMO_LOCATIONS = [
  { externalId: 'loc-1', name: 'Comeback City' },
  { externalId: 'loc-2', name: 'Comeback Harbour' },
  { externalId: 'loc-3', name: 'Comeback North' },
] as const;

export const DEMO_STAFF = [
  { externalId: 'staff-1', firstName: 'Maja', lastName: 'Lind', role: 'manager' },
  { externalId: 'staff-2', firstName: 'Oskar', lastName: 'Berg', role: 'client_manager' },
  { externalId: 'staff-3', firstName: 'Ella', lastName: 'Holm', role: 'client_manager' },
  { externalId: 'staff-4', firstName: 'Liam', lastName: 'Ek', role: 'coach' },
  { externalId: 'staff-5', firstName: 'Saga', lastName: 'Nyström', role: 'coach' },
  { externalId: 'staff-6', firstName: 'Noah', lastName: 'Sandberg', role: 'coach' },
  { externalId: 'staff-7', firstName: 'Alva', lastName: 'Forsberg', role: 'front_desk' },
  { externalId: 'staff-8', firstName: 'Hugo', lastName: 'Lund', role: 'front_desk' },
] as const;

type DemoProductKind = 'membership' | 'class_pack' | 'service' | 'retail' | 'other';

interface DemoProduct {
  externalId: string;
  name: string;
  kind: DemoProductKind;
  labels: string[];
  category: string | null;
  price: number;
}

// Order matters: the generator addresses products by their key below.
export const DEMO_PRODUCTS = {
  allAccessMonthly: { externalId: 'prod-m-all', name: 'All Access Monthly', kind: 'membership', labels: ['all_access', 'monthly'], category: null, price: 49900 },
  offPeakMonthly: { externalId: 'prod-m-offpeak', name: 'Off-Peak Monthly', kind: 'membership', labels: ['off_peak', 'monthly'], category: null, price: 34900 },
  seniorMonthly: { externalId: 'prod-m-senior', name: 'Senior Monthly', kind: 'membership', labels: ['senior', 'off_peak', 'monthly'], category: null, price: 29900 },
  corporateMonthly: { externalId: 'prod-m-corp', name: 'Corporate Monthly', kind: 'membership', labels: ['corporate', 'all_access', 'monthly'], category: null, price: 39900 },
  annualPrepaid: { externalId: 'prod-m-annual', name: 'Annual Prepaid', kind: 'membership', labels: ['all_access', 'annual', 'prepaid'], category: null, price: 499000 },
  annualInvoice: { externalId: 'prod-m-annual-inv', name: 'Annual (invoiced)', kind: 'membership', labels: ['all_access', 'annual'], category: null, price: 529000 },
  student4Week: { externalId: 'prod-m-student', name: 'Student 4-Week', kind: 'membership', labels: ['student', 'off_peak'], category: null, price: 27900 },
  card10: { externalId: 'prod-cp-10', name: '10-Class Card', kind: 'class_pack', labels: ['class_card'], category: 'group_class', price: 149000 },
  card20: { externalId: 'prod-cp-20', name: '20-Class Card', kind: 'class_pack', labels: ['class_card'], category: 'group_class', price: 269000 },
  pt5: { externalId: 'prod-cp-pt5', name: 'PT 5-Pack', kind: 'class_pack', labels: ['personal_training'], category: 'personal_training', price: 349000 },
  svcPt: { externalId: 'prod-s-pt', name: 'Personal Training 60 min', kind: 'service', labels: ['personal_training'], category: 'personal_training', price: 79900 },
  svcPhysio: { externalId: 'prod-s-physio', name: 'Physiotherapy 45 min', kind: 'service', labels: ['health'], category: 'physio', price: 69900 },
  svcMassage: { externalId: 'prod-s-massage', name: 'Sports Massage 45 min', kind: 'service', labels: ['wellness'], category: 'massage', price: 59900 },
  svcScan: { externalId: 'prod-s-scan', name: 'Body Composition Scan', kind: 'service', labels: ['assessment'], category: 'assessment', price: 29900 },
  clsSpin: { externalId: 'prod-c-spin', name: 'Spinning', kind: 'other', labels: ['group_class', 'cardio'], category: 'group_class', price: 0 },
  clsYoga: { externalId: 'prod-c-yoga', name: 'Yoga', kind: 'other', labels: ['group_class', 'mind_body'], category: 'group_class', price: 0 },
  clsHiit: { externalId: 'prod-c-hiit', name: 'HIIT', kind: 'other', labels: ['group_class', 'cardio'], category: 'group_class', price: 0 },
  clsPump: { externalId: 'prod-c-pump', name: 'Body Pump', kind: 'other', labels: ['group_class', 'strength'], category: 'group_class', price: 0 },
  clsPilates: { externalId: 'prod-c-pilates', name: 'Pilates', kind: 'other', labels: ['group_class', 'mind_body'], category: 'group_class', price: 0 },
  rtlBar: { externalId: 'prod-r-bar', name: 'Protein Bar', kind: 'retail', labels: ['food'], category: null, price: 3500 },
  rtlShake: { externalId: 'prod-r-shake', name: 'Protein Shake', kind: 'retail', labels: ['food'], category: null, price: 4900 },
  rtlBottle: { externalId: 'prod-r-bottle', name: 'Water Bottle', kind: 'retail', labels: ['merchandise'], category: null, price: 14900 },
  rtlShirt: { externalId: 'prod-r-shirt', name: 'Training T-Shirt', kind: 'retail', labels: ['merchandise'], category: null, price: 29900 },
  joinFee: { externalId: 'prod-o-joinfee', name: 'Joining Fee', kind: 'other', labels: ['fee'], category: null, price: 19900 },
} satisfies Record<string, DemoProduct>;

export type DemoProductKey = keyof typeof DEMO_PRODUCTS;

export const FEMALE_NAMES = [
  'Anna',
  'Emma',
  'Maja',
  'Elsa',
  'Alice',
  'Julia',
  'Ella',
  'Wilma',
  'Ebba',
  'Saga',
  'Astrid',
  'Olivia',
  'Freja',
  'Alva',
  'Clara',
  'Lina',
  'Sara',
  'Ida',
  'Hanna',
  'Sofia',
  'Karin',
  'Maria',
  'Eva',
  'Lena',
  'Kristina',
  'Nora',
  'Amira',
  'Leila',
  'Mei',
  'Priya',
];
export const MALE_NAMES = [
  'Erik',
  'Lars',
  'Karl',
  'Anders',
  'Johan',
  'Per',
  'Lucas',
  'Liam',
  'William',
  'Noah',
  'Hugo',
  'Oscar',
  'Elias',
  'Adam',
  'Axel',
  'Leo',
  'Filip',
  'Viktor',
  'Gustav',
  'Nils',
  'Magnus',
  'Mikael',
  'Jonas',
  'David',
  'Ali',
  'Omar',
  'Mateo',
  'Ivan',
  'Kenji',
  'Arjun',
];
export const LAST_NAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Jansson',
  'Hansson',
  'Bengtsson',
  'Lindberg',
  'Lindqvist',
  'Lindgren',
  'Berg',
  'Axelsson',
  'Bergström',
  'Lundberg',
  'Lind',
  'Lundgren',
  'Lundqvist',
  'Mattsson',
  'Berglund',
  'Fredriksson',
  'Sandberg',
  'Henriksson',
  'Ali',
  'Mohammed',
  'Nguyen',
  'Kowalski',
  'Novak',
  'Müller',
  'Rossi',
  'Garcia',
  'Smith',
  'Yilmaz',
];
export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example'];
export const CANCELLATION_REASONS = ['moving', 'price', 'not using it', 'injury', 'switched gym', 'other'];
