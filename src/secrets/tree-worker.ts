/** Worker thread for large working-tree scans: started early, it waits for its slice of the files, reads and scans them. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFileList, type FileItem } from './scan.js';

const { maxSize, ruleIds } = workerData as { maxSize: number; ruleIds?: string[] };
parentPort!.once('message', (items: FileItem[]) => parentPort!.postMessage(scanFileList(items, maxSize, ruleIds)));
