// Electron main entry. Kept thin: everything lives in small, unit-tested modules.
import { runAuthLab } from './lifecycle';

runAuthLab();
