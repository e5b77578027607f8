namespace Cluster.Tests;

/// <summary>
/// A test that needs the running cluster (<c>deploy/local-cluster.sh up</c>, then <c>eval "$(deploy/local-cluster.sh env)"</c>
/// or <c>.ci/run</c>, which does both). Without <c>TEST_CLUSTER_NOTS</c> it is skipped: the main suites run without a cluster.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (!ClusterEnvironment.Configured)
        {
            Skip = "No cluster: run deploy/local-cluster.sh up and export the variables of deploy/local-cluster.sh env.";
        }
    }
}
