import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/*
 * The connector types, derived from botbuilder's own class: botframework-connector, which declares
 * them, is not a direct dependency of this project.
 */
type Authentication = ConfigurationBotFrameworkAuthentication;
type ClaimsIdentity = Parameters<Authentication['createUserTokenClient']>[0];
type UserTokenClient = Awaited<ReturnType<Authentication['createUserTokenClient']>>;
type ConnectorFactory = ReturnType<Authentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
export type AuthenticateRequestResult = Awaited<ReturnType<Authentication['authenticateRequest']>>;

/** Connector clients kept per bot app id (one per service URL and audience); the least recently used goes first. */
export const DEFAULT_MAX_REUSED_CONNECTOR_CLIENTS = 64;
/** App ids whose clients are kept (a bot has one; more only behind skills). */
export const DEFAULT_MAX_REUSED_APP_IDS = 16;

/** The claims that name the bot's app id, as botframework-connector reads them (AuthenticationConstants.AudienceClaim, AppIdClaim). */
const AUDIENCE_CLAIM = 'aud';
const APP_ID_CLAIM = 'appid';

function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AUDIENCE_CLAIM) ?? claimsIdentity.getClaimValue(APP_ID_CLAIM) ?? '';
}

/** Keeps at most `max` entries, forgetting the least recently used (a Map iterates in insertion order). */
function remember<V>(map: Map<string, V>, key: string, make: () => V, max: number): V {
  const known = map.get(key);
  if (known !== undefined) {
    map.delete(key);
    map.set(key, known);
    return known;
  }
  const value = make();
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  return value;
}

/** A connector factory that builds each client (service URL, audience) once and hands the same one to every turn. */
function reusingConnectorFactory(inner: ConnectorFactory): ConnectorFactory {
  const clients = new Map<string, Promise<ConnectorClient>>();
  return {
    create: (serviceUrl: string, audience?: string) =>
      remember(
        clients,
        `${serviceUrl}\n${audience ?? ''}`,
        () => {
          const client = inner.create(serviceUrl, audience);
          // A failure is not kept: the next turn tries again.
          client.catch(() => clients.delete(`${serviceUrl}\n${audience ?? ''}`));
          return client;
        },
        DEFAULT_MAX_REUSED_CONNECTOR_CLIENTS,
      ),
  };
}

/**
 * ConfigurationBotFrameworkAuthentication that builds the connector and user-token clients once
 * per bot app id instead of once per turn. CloudAdapter asks for both on every activity, and each
 * is an Azure HTTP pipeline (~0.25–0.4 ms of CPU to build), although a reply in the response
 * (expectReplies), the local Direct Line and the demo never use them. Both hold only the app's
 * credentials (which cache their own tokens) and the service URL, nothing of a conversation, so
 * one instance serves every turn, as BotFrameworkAdapter's client cache did. Bounded: service URLs
 * come from the activities.
 */
export class ClientReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectorFactories = new Map<string, ConnectorFactory>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(...args: Parameters<Authentication['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(...args);
    const { connectorFactory } = result;
    return connectorFactory ? { ...result, connectorFactory: this.connectorFactoryFor(result.claimsIdentity, () => connectorFactory) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.connectorFactoryFor(claimsIdentity, () => super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = appIdOf(claimsIdentity);
    return remember(
      this.userTokenClients,
      appId,
      () => {
        const client = super.createUserTokenClient(claimsIdentity);
        client.catch(() => this.userTokenClients.delete(appId));
        return client;
      },
      DEFAULT_MAX_REUSED_APP_IDS,
    );
  }

  private connectorFactoryFor(claimsIdentity: ClaimsIdentity, make: () => ConnectorFactory): ConnectorFactory {
    return remember(this.connectorFactories, appIdOf(claimsIdentity), () => reusingConnectorFactory(make()), DEFAULT_MAX_REUSED_APP_IDS);
  }
}
