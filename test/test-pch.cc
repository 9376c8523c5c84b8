// Compiles the precompiled header the tests share (test/CMakeLists.txt).
int main() { return 0; }
