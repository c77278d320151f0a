namespace C { static class M { static void Main() {} } }
