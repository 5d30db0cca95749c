import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * The container image WordPress runs from.
 *
 * Any image works that behaves like the official `wordpress` image (Apache on port 80, configured
 * through `WORDPRESS_*` environment variables, `WORDPRESS_CONFIG_EXTRA` evaluated in wp-config.php).
 * Build your own on top of the official image to bake in themes and plugins.
 */
export class WordpressImage {
  /** Registry of the official image on Amazon ECR Public (no Docker Hub rate limits, no credentials). */
  public static readonly OFFICIAL_REPOSITORY = 'public.ecr.aws/docker/library/wordpress';

  /** Tag used by `WordpressImage.official()` when none is given: a pinned WordPress minor on Apache. */
  public static readonly DEFAULT_OFFICIAL_TAG = '6.8-php8.3-apache';

  /**
   * The official WordPress image (Apache variant) from Amazon ECR Public.
   *
   * @param tag an Apache tag of the official image, e.g. `6.8-php8.3-apache`
   * @default - `DEFAULT_OFFICIAL_TAG`
   */
  public static official(tag?: string): WordpressImage {
    const name = `${WordpressImage.OFFICIAL_REPOSITORY}:${tag ?? WordpressImage.DEFAULT_OFFICIAL_TAG}`;
    return new WordpressImage(ecs.ContainerImage.fromRegistry(name), name);
  }

  /** An image from a public registry, or a private one with `props.credentials`. */
  public static fromRegistry(name: string, props?: ecs.RepositoryImageProps): WordpressImage {
    return new WordpressImage(ecs.ContainerImage.fromRegistry(name, props), name);
  }

  /**
   * An image in a private Amazon ECR repository. The task execution role gets pull permissions.
   *
   * @param tag tag or digest (`sha256:...`)
   * @default 'latest'
   */
  public static fromEcrRepository(repository: ecr.IRepository, tag?: string): WordpressImage {
    return new WordpressImage(ecs.ContainerImage.fromEcrRepository(repository, tag ?? 'latest'), undefined, repository);
  }

  /** An image built from a local directory with a Dockerfile, published as a CDK asset at deploy time. */
  public static fromAsset(directory: string, props?: ecs.AssetImageProps): WordpressImage {
    return new WordpressImage(ecs.ContainerImage.fromAsset(directory, props));
  }

  /** Any `ecs.ContainerImage`. */
  public static fromContainerImage(image: ecs.ContainerImage): WordpressImage {
    return new WordpressImage(image);
  }

  /**
   * @param containerImage the image ECS runs
   * @param imageName the image's name when it is known at synth time (registry images)
   * @param repository the private ECR repository the image comes from, if any
   */
  private constructor(
    public readonly containerImage: ecs.ContainerImage,
    public readonly imageName?: string,
    public readonly repository?: ecr.IRepository,
  ) {}
}
