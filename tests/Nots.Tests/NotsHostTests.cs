using Nots.Web;
using Platform.Testing;

namespace Nots.Tests;

public sealed class NotsHostTests : HostConformanceTests<Program>
{
    protected override string Product => "Nots";

    protected override string ApiPrefix => "/v1";

    protected override string ApiTitle => "NOTS API";

    protected override string BootstrapRole => "owner";
}
