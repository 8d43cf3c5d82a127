// Flat-shaded facets (the normal of a facet from screen-space derivatives: every facet is a plane),
// coloured like the map: MODE 0 region colour, 1 |grad f| (viridis), 2 f (diverging).
in vec3 vPosition;
flat in uint vId;
in float vValue;
flat in float vGradient;
uniform vec3 uLight;
out vec4 fragColor;
void main() {
  vec3 n = normalize(cross(dFdx(vPosition), dFdy(vPosition)));
  float diffuse = abs(dot(n, normalize(uLight)));
#if MODE == 0
  vec3 base = regionColour(vId);
#elif MODE == 1
  vec3 base = viridis(vGradient);
#else
  vec3 base = diverging(vValue);
#endif
  fragColor = vec4(base * (0.3 + 0.7 * diffuse), 1.0);
}
