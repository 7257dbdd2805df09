import type { ResourceType } from '../resource.js';
import { commandType } from './command.js';
import { fileType } from './file.js';
import { httpType } from './http.js';
import { tcpType } from './tcp.js';
import { unixType } from './unix.js';

/**
 * The resource types the CLI knows, in the order the help lists them and targets are
 * matched. A new type: its own file in this folder, and one entry here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each type reads its own options, whatever they are
export const RESOURCE_TYPES: readonly ResourceType<any>[] = [httpType, tcpType, unixType, fileType, commandType];
