import { open } from 'node:fs/promises';

/**
 * Flushes a directory's entries to disk, so a file created or renamed in it survives a crash (POSIX
 * makes a rename durable only through its directory). Windows cannot open a directory for this and
 * makes renames durable on its own, so there it does nothing.
 */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
