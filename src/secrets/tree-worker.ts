/** Worker thread for large working-tree scans: reads and scans its slice of the files. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFileList, type FileItem } from './scan.js';

const { items, maxSize, ruleIds } = workerData as { items: FileItem[]; maxSize: number; ruleIds?: string[] };
parentPort!.postMessage(scanFileList(items, maxSize, ruleIds));
