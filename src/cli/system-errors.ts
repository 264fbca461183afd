import { DragnetError } from '../core/errors.ts'

/**
 * A file-system failure the user can cause (a missing file, a directory where a file belongs, no
 * permission, a full disk) under a stable code instead of INTERNAL; undefined for anything else.
 */
export function systemError(error: unknown): DragnetError | undefined {
  if (error instanceof DragnetError || !(error instanceof Error)) return undefined
  const e = error as NodeJS.ErrnoException
  const path = e.path
  if (typeof e.code !== 'string' || e.syscall === undefined) return undefined
  const where = path === undefined ? '' : `${path}: `
  const details = { path: path ?? null, syscall: e.syscall, errno: e.code }
  switch (e.code) {
    case 'ENOENT':
      return new DragnetError('FILE_NOT_FOUND', `${where}no such file or directory`, { details, cause: e })
    case 'ENOTDIR':
      return new DragnetError('FILE_NOT_FOUND', `${where}a part of the path is not a directory`, { details, cause: e })
    case 'EISDIR':
      return new DragnetError('FILE_UNUSABLE', `${where}is a directory, a file was expected`, { details, cause: e })
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DragnetError('FILE_UNUSABLE', `${where}permission denied (${e.syscall})`, { details, cause: e })
    case 'ENOSPC':
    case 'EDQUOT':
      return new DragnetError('FILE_UNUSABLE', `${where}no space left on the device`, { details, cause: e })
    default:
      return undefined
  }
}
