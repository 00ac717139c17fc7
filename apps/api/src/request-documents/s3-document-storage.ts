import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client, type ServerSideEncryption } from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import type { ApiConfig } from '../config/api-config';
import { DependencyUnavailableException } from '../common/unavailable';
import type { DocumentStorage, StagedDocument, StoredLocation } from './document-storage';

/** S3_* settings, from the API's validated configuration. */
export interface S3StorageSettings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  keyPrefix: string;
  sse?: ServerSideEncryption;
  sseKmsKeyId?: string;
  /** Bound on each call: connecting, each attempt, and the whole call until the first byte. */
  timeoutMs: number;
}

/** The S3 settings, or null when no bucket is configured (S3 then is neither written nor read). */
export function s3SettingsFromConfig(c: ApiConfig): S3StorageSettings | null {
  if (!c.S3_BUCKET) return null;
  return {
    endpoint: c.S3_ENDPOINT, region: c.S3_REGION, bucket: c.S3_BUCKET, accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY,
    forcePathStyle: c.S3_FORCE_PATH_STYLE, keyPrefix: c.S3_KEY_PREFIX, sse: c.S3_SSE as ServerSideEncryption | undefined, sseKmsKeyId: c.S3_SSE_KMS_KEY_ID,
    timeoutMs: c.S3_TIMEOUT_MS,
  };
}

const UNAVAILABLE = 'The document store is unavailable; try again shortly';

/**
 * Document bytes as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...). The key is
 * the prefix and the document's random id. The object is written before the metadata row and
 * deleted again if the row's transaction fails. S3 checks the SHA-256 sent with the object on
 * write; the service checks it again on every read as the bytes stream out. Every call is bounded
 * (S3_TIMEOUT_MS) and any failure to reach the store is a 503 with Retry-After.
 */
export class S3DocumentStorage implements DocumentStorage {
  readonly name = 's3' as const;
  private readonly logger = new Logger('S3DocumentStorage');
  private readonly client: S3Client;

  constructor(private readonly settings: S3StorageSettings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      // One retry within the bound; connecting and each attempt's socket idle time are bounded too,
      // so a stalled download stream errors instead of hanging.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: settings.timeoutMs, requestTimeout: settings.timeoutMs },
      // We send our own SHA-256 with each object; no SDK-chosen CRC that some S3-compatible stores refuse.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async stage(documentId: string, content: Buffer, sha256Hex: string): Promise<StagedDocument> {
    const location: StoredLocation = { storage: 's3', bucket: this.settings.bucket, key: `${this.settings.keyPrefix}${documentId}` };
    await this.bounded('put', (abortSignal) => this.client.send(new PutObjectCommand({
      Bucket: location.bucket!, Key: location.key!, Body: content, ContentLength: content.length, ContentType: 'application/octet-stream',
      // Our SHA-256, which S3 checks against the body it receives and keeps with the object.
      ChecksumAlgorithm: 'SHA256', ChecksumSHA256: Buffer.from(sha256Hex, 'hex').toString('base64'),
      ServerSideEncryption: this.settings.sse, SSEKMSKeyId: this.settings.sseKmsKeyId,
    }), { abortSignal }), 'the document was not stored');
    return {
      location,
      commit: async () => undefined,
      abort: async () => {
        try {
          await this.bounded('delete', (abortSignal) => this.client.send(new DeleteObjectCommand({ Bucket: location.bucket!, Key: location.key! }), { abortSignal }));
        } catch {
          // The key is a random id, safe to log; an operator (or a later sweep) can remove it.
          this.logger.warn(`orphaned object s3://${location.bucket}/${location.key}: its metadata row was not written and deleting it failed`);
        }
      },
    };
  }

  close(): void {
    this.client.destroy();
  }

  /**
   * Readiness: HeadBucket within S3_TIMEOUT_MS. Not through `bounded`: a health check polled every
   * few seconds during an outage would log an error each time, and its answer already says "down".
   */
  async probe(): Promise<boolean> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }), { abortSignal: controller.signal });
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async open(_documentId: string, location: StoredLocation): Promise<Readable | null> {
    if (!location.bucket || !location.key) return null;
    try {
      const out = await this.bounded('get', (abortSignal) => this.client.send(new GetObjectCommand({ Bucket: location.bucket!, Key: location.key! }), { abortSignal }), undefined, true);
      return (out.Body as Readable | undefined) ?? null;
    } catch (err) {
      if (err instanceof MissingObject) return null;
      throw err;
    }
  }

  /**
   * One S3 call, aborted after S3_TIMEOUT_MS (until the answer's headers: a download's body then
   * streams under the per-socket idle bound). Failures become 503s; a missing key on `get` is
   * reported as MissingObject.
   */
  private async bounded<T>(what: string, call: (signal: AbortSignal) => Promise<T>, outcome?: string, missingIsNull = false): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    try {
      return await call(controller.signal);
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (missingIsNull && (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)) throw new MissingObject();
      this.logger.error(`S3 ${what} failed: ${e.name ?? 'error'}${e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : ''}${controller.signal.aborted ? ` after ${this.settings.timeoutMs} ms` : ''}`);
      throw new DependencyUnavailableException(outcome ? `${UNAVAILABLE} (${outcome})` : UNAVAILABLE, 5);
    } finally {
      clearTimeout(timer);
    }
  }
}

class MissingObject extends Error {}
