namespace R { static class M { static void Main() {} } }
