import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { Environment } from '../config/environment';
import { DomainError } from '../common/errors';

/** Where uploaded files live. The local-disk adapter below; an object store would implement the same. */
export abstract class FileStorage {
  abstract put(key: string, data: Buffer): Promise<void>;
  abstract remove(key: string): Promise<void>;
  /** Public URL path of a stored key. */
  abstract url(key: string): string;
}

export const MEDIA_PREFIX = '/media/';

@Injectable()
export class LocalFileStorage extends FileStorage {
  readonly root: string;

  constructor(config: ConfigService<Environment, true>) {
    super();
    this.root = resolve(config.get('STORAGE_DIR', { infer: true }));
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Write then rename, so that a reader never sees half a file.
    const partial = `${target}.${randomUUID()}.part`;
    await writeFile(partial, data);
    await rename(partial, target);
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  url(key: string): string {
    return `${MEDIA_PREFIX}${key}`;
  }

  private path(key: string): string {
    const target = resolve(this.root, key);
    if (!target.startsWith(this.root + '/')) throw new Error(`storage key escapes the storage directory: ${key}`);
    return target;
  }
}

export const IMAGE_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
type ImageFormat = keyof typeof IMAGE_TYPES;

export interface ProcessedImage {
  format: ImageFormat;
  contentType: string;
  width: number;
  height: number;
  full: Buffer;
  thumbnail: Buffer;
}

const MAX_EDGE = 2400;
const THUMB_EDGE = 480;
// A decompression bomb (a tiny file of gigantic dimensions) is refused before decoding.
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Checks an upload by its content (magic bytes, decoded by libvips), never by its
 * name or declared type: only JPEG, PNG and WebP pass. The stored image is re-encoded
 * (orientation applied, EXIF metadata such as GPS location dropped, at most 2400 px);
 * the thumbnail is WebP.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  const unsupported = () =>
    new DomainError(415, 'unsupported_image_type', 'The file is not a JPEG, PNG or WebP image', { accepted: Object.values(IMAGE_TYPES) });
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw unsupported();
  }
  if (!format || !(format in IMAGE_TYPES)) throw unsupported();
  const kind = format as ImageFormat;
  try {
    const base = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    const resized = base().resize(MAX_EDGE, MAX_EDGE, { fit: 'inside', withoutEnlargement: true });
    const encoded = kind === 'jpeg' ? resized.jpeg({ quality: 85, mozjpeg: true }) : kind === 'png' ? resized.png() : resized.webp({ quality: 85 });
    const { data: full, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await base().resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    return { format: kind, contentType: IMAGE_TYPES[kind], width: info.width, height: info.height, full, thumbnail };
  } catch {
    throw new DomainError(422, 'unreadable_image', 'The image is damaged or too large to process');
  }
}

export const imageKeys = (listingId: string, imageId: string, format: ImageFormat) => ({
  full: join('listings', listingId, `${imageId}.${format === 'jpeg' ? 'jpg' : format}`),
  thumbnail: join('listings', listingId, `${imageId}.thumb.webp`),
});
