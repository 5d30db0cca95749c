import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * The eight WordPress keys and salts of a site, each its own generated Secrets Manager secret.
 *
 * ECS injects them into the container as `WORDPRESS_AUTH_KEY` ... `WORDPRESS_NONCE_SALT`, which the official image
 * turns into the constants of the same names. Rotating one logs every user out (keys) or invalidates nonces (salts).
 */
export interface WordpressSaltSecrets {
  /** `AUTH_KEY`. */
  readonly authKey: secretsmanager.ISecret;
  /** `SECURE_AUTH_KEY`. */
  readonly secureAuthKey: secretsmanager.ISecret;
  /** `LOGGED_IN_KEY`. */
  readonly loggedInKey: secretsmanager.ISecret;
  /** `NONCE_KEY`. */
  readonly nonceKey: secretsmanager.ISecret;
  /** `AUTH_SALT`. */
  readonly authSalt: secretsmanager.ISecret;
  /** `SECURE_AUTH_SALT`. */
  readonly secureAuthSalt: secretsmanager.ISecret;
  /** `LOGGED_IN_SALT`. */
  readonly loggedInSalt: secretsmanager.ISecret;
  /** `NONCE_SALT`. */
  readonly nonceSalt: secretsmanager.ISecret;
}
