import { AccessAnalyzerClient, ListAnalyzersCommand, type ListAnalyzersCommandOutput } from '@aws-sdk/client-accessanalyzer';
import { all, readPerRegion, type CollectContext } from './context.js';

/** IAM Access Analyzer analyzers in every region (all types; the check picks the external-access ones). */
export async function collectAccessAnalyzer(ctx: CollectContext): Promise<void> {
  ctx.snap.accessAnalyzer = await readPerRegion(ctx, 'access-analyzer:ListAnalyzers', (region) =>
    all(
      ctx.aws.pages<ListAnalyzersCommandOutput>(AccessAnalyzerClient, region, (nextToken) => new ListAnalyzersCommand({ nextToken }), (o) => o.nextToken),
      (o) => o.analyzers?.map((a) => ({ name: a.name ?? '', type: a.type ?? '', status: a.status ?? '' })),
    ),
  );
}
