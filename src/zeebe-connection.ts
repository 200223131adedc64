import fs from 'node:fs';
import { ZBClient, type ZBClientOptions } from 'zeebe-node';
import { usesOAuth, type Config } from './config';

/**
 * zeebe-node's options for the configured gateway, spelled out from the validated configuration rather than
 * left to zeebe-node's own reading of the environment: what was checked at start is what is used. The OAuth
 * token is kept in memory only (zeebe-node would otherwise write it to a file under the home directory).
 */
export function zeebeClientOptions(config: Config): ZBClientOptions {
  const rootCerts = config.zeebeCaCertificatePath ? fs.readFileSync(config.zeebeCaCertificatePath) : undefined;
  const oAuth = usesOAuth(config)
    ? {
        url: config.zeebeAuthorizationServerUrl!,
        audience: config.zeebeTokenAudience!,
        scope: config.zeebeTokenScope,
        clientId: config.zeebeClientId!,
        clientSecret: config.zeebeClientSecret!,
        customRootCert: rootCerts,
        cacheOnDisk: false,
      }
    : undefined;
  return {
    loglevel: 'NONE',
    useTLS: config.zeebeSecureConnection ?? oAuth !== undefined,
    ...(oAuth ? { oAuth } : {}),
    ...(rootCerts ? { customSSL: { rootCerts } } : {}),
  };
}

export function connectToZeebe(address: string, config: Config): ZBClient {
  return new ZBClient(address, zeebeClientOptions(config));
}
