// BG/NBD model (Fader, Hardie & Lee 2005): public API of risk/estimation.
export * from './bgnbd.types';
export { compressBgnbdData, validateBgnbdData } from './bgnbd-data';
export { bgnbdLogLikelihood } from './bgnbd-likelihood';
export { fitBgnbd } from './bgnbd-fit';
export { conditionalExpectedTransactions, expectedTransactions, probabilityAlive, probabilityOfNPurchases, scoreBgnbdClients } from './bgnbd-predict';
export { BgnbdCsvError, parseBgnbdCsv, readBgnbdCsv } from './bgnbd-csv';
