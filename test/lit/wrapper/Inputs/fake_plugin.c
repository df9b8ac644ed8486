/* Looks like a checker plugin, built for another clang (-DVERSION="x.y.z"). */
const char clang_analyzerAPIVersionString[] = VERSION;
void clang_registerCheckers(void *Registry) { (void)Registry; }
